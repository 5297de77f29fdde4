print("nnspec")
