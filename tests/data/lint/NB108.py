# %%
api_key = "f3b1c0d2e4a5968778695a4b3c2d1e0f"  # HIT
password = "hunter22"  # HIT
client = connect(host="db", password="s3cr3t-pw")  # HIT
settings = {"secret": "abc123def456ghi789"}  # HIT
aws = "AKIA2OGYBAH6STMMNXNN"  # HIT
# %%
token = "<your token here>"
password = ""
api_key = os.environ["SERVICE_API_KEY"]
TOKEN_ENV = "GITHUB_TOKEN"
secret_file = "secrets.json"
vectorizer = CountVectorizer(token_pattern=r"(?u)\b\w\w+\b")
eos_token = "</s>"
pad_token = "[PAD]"
documented = "AKIAIOSFODNN7EXAMPLE"
# %%
# ghp_0123456789abcdefghijABCDEFGHIJ0123456789 leaked in a comment  # HIT
x = 1
# %% [markdown]
-----BEGIN RSA PRIVATE KEY-----  # HIT
