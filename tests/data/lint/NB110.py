# %% error=ValueError
x = int("a")  # HIT
# %%
y = 1
# %% error=KeyError
d = {}  # HIT
d["missing"]
