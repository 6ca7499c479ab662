# %%
import numpy as np
square = lambda v: v * v
# %%
def clean(df):  # HIT
    return df.dropna()
# %%
class Model:  # HIT
    def fit(self, x):
        return self
# %%
result = clean(np.arange(3))
# %%
#| export
def exported(x):
    return x
# %%
# export
class AlsoExported:
    pass
# %%
x = 1
#| export
def not_a_directive_after_code():  # HIT
    pass
# %% [markdown]
def not_code(): pass
