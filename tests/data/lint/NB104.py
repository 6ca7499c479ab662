# %%
import pandas as pd
df = pd.read_csv("/home/ana/data/train.csv")  # HIT
other = pd.read_csv("data/train.csv")
remote = pd.read_csv("https://example.com/x.csv")
# %%
with open("~/results.txt", "w") as out:  # HIT
    out.write("done")
with open("/dev/null", "w") as null:
    null.write("nothing")
df.to_csv("output/clean.csv")
# %%
import tensorflow as tf
with tf.device("/gpu:0"):
    DATA_ROOT = "/mnt/shared/project/data"  # HIT
