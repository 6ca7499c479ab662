# %%
%pip install lightgbm==4.3.0  # HIT
# %%
!pip install -q xgboost  # HIT
!python -m pip install seaborn  # HIT
# %%
%pip list
!pip freeze > requirements.txt
!echo pip install is documented here
# %%
if True:
    %conda install -y numpy  # HIT
# %%
import sys
!{sys.executable} -m pip install tqdm  # HIT
# %%
%%capture
!pip install -q shap  # HIT
# %%
%%bash
pip install is NB106, not NB105
# %%
import pip
