# %%
%run helpers.ipynb  # HIT
%cd data  # HIT
# %%
%matplotlib inline
%load_ext autoreload
%autoreload 2
%config InlineBackend.figure_format = "retina"
%timeit sum(range(10))
# %%
%store result  # HIT
# %%
%%bash  # HIT
ls -la
# %%
%%time
total = sum(range(10))
# %%
%%writefile helper.py
def f():
    return 1
