import ArgumentParser
print("kubecapwatch")
