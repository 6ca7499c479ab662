# %%
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import cross_val_score
# %%
pd.read_csv("train.csv")  # HIT
# %%
pd.read_parquet("x.parquet").head()  # HIT
# %%
df = pd.read_csv("train.csv")
# %%
df.head()
# %%
model = RandomForestClassifier()
model.fit(X, y)
# %%
model.fit(X, y)
# %%
RandomForestClassifier(n_estimators=10).fit(X, y)  # HIT
# %%
cross_val_score(model, X, y, cv=5)  # HIT
# %%
print(pd.read_csv("train.csv").shape)
# %%
pd.read_csv("quiet.csv");  # HIT
# %%
pd.read_csv("again.csv")  # noqa: NB113
# %%
frames.append(pd.read_csv("more.csv"))
# %%
pd.read_csv("plot.csv").plot()
