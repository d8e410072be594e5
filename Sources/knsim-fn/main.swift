// knsim-fn: the HTTP function server that real mode starts as a pod (written next).
print("knsim-fn")
