#!/bin/sh
echo "preparing the lab bridge"
echo "fixture: the bridge br-missing does not exist" >&2
exit 3
