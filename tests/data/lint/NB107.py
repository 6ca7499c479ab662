# %%
import pandas as pd
THRESHOLD = 0.5
df = pd.DataFrame({"a": [1, 2]})
history = []
n_default = 3
# %%
n_default = 3
counter = 0
counter += 1
# %%
def top(n):  # HIT
    return df.head(n)
# %%
def record(value):  # HIT
    history.append(value)
# %%
def bump():  # HIT
    return counter + n_default
# %%
def above(frame):
    return frame[frame.a > THRESHOLD].head(n_default)
# %%
def make():
    return pd.DataFrame(), above(pd.DataFrame())
# %%
class Holder:
    def get(self):
        return THRESHOLD
