print("knsim")
