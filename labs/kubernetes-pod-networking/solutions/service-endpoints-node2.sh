# The endpoint on node2: pod-b answers on its container port 8080 with its name.
nohup ip netns exec pod-b socat TCP-LISTEN:8080,fork,reuseaddr SYSTEM:'echo pod-b' >/tmp/pod-b.log 2>&1 &
