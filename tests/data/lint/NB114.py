# %%
import os
import pandas as pd
from pathlib import Path
# %%
df = pd.read_csv("../data/train.csv")
# %%
raw = pd.read_csv("../../shared/raw.csv")  # HIT
# %%
out = os.path.join(os.getcwd(), "models")  # HIT
# %%
here = os.getcwd()  # HIT
files = os.listdir(here)
# %%
print(os.getcwd())
# %%
cwd = Path.cwd()
# %%
local = pd.read_csv("data/local.csv")
up = open("../../../etc/x.txt")  # HIT
# %%
other = pd.read_csv("../../elsewhere.csv")  # noqa: NB114
# %%
deep = pd.read_csv("../data/../../x.csv")  # HIT
