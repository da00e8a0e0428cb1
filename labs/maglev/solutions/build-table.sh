#!/bin/sh
# The reference takes the tables from the tool; the learner fills them by hand and checks with it.
set -e
maglev-table -m 13 web1 web2 web3 | awk '/^slot/ { t = 1; next } t && NF == 2 { print $2 }' > /root/table.txt
maglev-table -m 13 web1 web2 | awk '/^slot/ { t = 1; next } t && NF == 2 { print $2 }' > /root/table-without-web3.txt
