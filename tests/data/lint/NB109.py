# %%
import os
import sys
sys.path.append("../src")  # HIT
sys.path.insert(0, "..")  # HIT
os.chdir("/tmp")  # HIT
os.environ["MODE"] = "test"  # HIT
# %%
%env CUDA_VISIBLE_DEVICES=0  # HIT
%env PATH
# %%
print(os.environ.get("HOME"), os.getenv("USER"), os.getcwd(), sys.path[0])
