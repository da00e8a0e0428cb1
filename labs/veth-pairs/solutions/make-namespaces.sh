ip netns add red
ip netns add blue
