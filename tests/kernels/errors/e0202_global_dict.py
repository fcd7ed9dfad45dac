# A global dict cannot be used by compiled code.
# call: rate_for(2.0)

RATES = {"low": 0.1, "high": 0.5}


def rate_for(x):
    return x * RATES["low"]  # error: E0202
