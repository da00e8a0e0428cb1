cni-bridge-add pod-a 10.244.1.2/24 10.244.1.1
cni-bridge-add pod-c 10.244.1.3/24 10.244.1.1
