# %%
print "hello"  # HIT
# %%
print("hello")
# %%
%matplotlib inline
x = !ls
# %%
def broken(:  # HIT
    pass
# %% [markdown]
print "markdown is never parsed"
