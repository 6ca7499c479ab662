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
# %%
import torch
g = torch.Generator().manual_seed(2147483647)
w = torch.randn((3, 3),
                generator=g)
b = torch.randn(3)  # HIT
