# %%
import pandas as pd
THRESHOLD = 0.5
df = pd.DataFrame({"a": [1, 2]})
history = []
# %%
def top(n):  # HIT
    return df.head(n)
# %%
def record(value):  # HIT
    history.append(value)
# %%
def above(frame):
    return frame[frame.a > THRESHOLD]
# %%
def make():
    return pd.DataFrame(), above(pd.DataFrame())
# %%
class Holder:
    def get(self):
        return THRESHOLD
