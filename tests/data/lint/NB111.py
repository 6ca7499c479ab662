# %%
x = 1 + 1
x
# %%
y = _ * 2  # HIT
# %%
print(Out[1])  # HIT
# %%
first = In[1]  # HIT
again = _i1  # HIT
# %%
for _ in range(3):
    pass
print(_)
# %%
z = _ + 1
# %%
total = __  # noqa: NB111
# %%
_private = 4
print(_private, _ii)  # HIT
# %%
history = len(Out)  # HIT
