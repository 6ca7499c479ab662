# %%
print(total)  # HIT
# %%
total = 10
print(total)
display(total)
# %%
import os
print(os.getcwd(), len([1]))
# %% count=1
after = total + 1  # HIT
# %% count=9
more = after + 1
