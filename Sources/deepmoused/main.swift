// deepmoused: the board daemon. Placeholder until issue 4 lands.
print("deepmoused: not built yet")
