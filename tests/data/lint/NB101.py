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
# %% [markdown]
def not_code(): pass
