# %%
import random
import numpy as np
# %%
x = random.random()  # HIT
# %%
np.random.seed(0)
y = np.random.rand(3)
# %%
z = random.choice([1, 2])  # HIT
# %%
random.seed(1)
w = random.random()
