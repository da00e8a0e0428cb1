bridge vlan add dev eth1 vid 10 pvid untagged
bridge vlan add dev eth2 vid 10 pvid untagged
bridge vlan add dev eth3 vid 20 pvid untagged
for port in eth1 eth2 eth3; do
  bridge vlan del dev "$port" vid 1
done
