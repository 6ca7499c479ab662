# %%
import getpass
from getpass import getpass as ask_secret
from ipywidgets import interact, interact_manual
import ipywidgets as widgets
# %%
name = input("name? ")  # HIT
password = getpass.getpass()  # HIT
token = ask_secret("token: ")  # HIT
# %%
@interact  # HIT
def show(n=5):
    return n
# %%
widgets.interact(show, n=(1, 10))  # HIT
# %%
def ask(prompt):
    return input(prompt)
# %%
def ask_default():
    return input("value? ")  # HIT
# %%
user = getpass.getuser()
input_value = 3
# %%
reply = input("ok? ")  # noqa: NB112
