"""URL parameters the compare page refuses one by one, for the comparison model's unit test and
the page's AppTest: each must be named in its own warning while the valid rest is used."""

BAD_PARAMS = {
    "a.learning_rate": "fast",
    "b.activation": "wiggle",
    "a.dataset": "xor",
    "c.seed": "3",
    "noise": "lots",
    "b.colour": "red",
    "volume": "11",
}
