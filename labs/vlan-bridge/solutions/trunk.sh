bridge vlan add dev eth4 vid 10
bridge vlan add dev eth4 vid 20
