def label(value):
    return f"mean={value:.2f}"
