# The endpoint on node1: pod-c answers on its container port 8080 with its name.
nohup ip netns exec pod-c socat TCP-LISTEN:8080,fork,reuseaddr SYSTEM:'echo pod-c' >/tmp/pod-c.log 2>&1 &
