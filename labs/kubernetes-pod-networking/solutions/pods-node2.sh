cni-bridge-add pod-b 10.244.2.2/24 10.244.2.1
