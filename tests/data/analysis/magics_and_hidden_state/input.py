# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %%
# !pip install seaborn
# %load_ext autoreload
# %autoreload 2

# %%
# files = !ls data
print(total)

# %%
# %%time
total = sum(range(10))
result = total * 2

# %%
# %timeit compute(result)
# !echo $result {total + 1}

# %%
import os
os.chdir("..")
os.environ["MODE"] = "test"
from helpers import *
value = helper(result)

# %%
print 'python 2'
legacy = 1

# %%
out = legacy + missing
exec("z = 1")
z
