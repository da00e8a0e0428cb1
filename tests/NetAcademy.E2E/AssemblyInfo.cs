// The end-to-end tests start real labs: run the classes one after another, so one test's containers,
// bridges and CPU load do not become another test's flake (a browser navigating while the host's
// interfaces change even fails with ERR_NETWORK_CHANGED).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
