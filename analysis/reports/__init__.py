"""Report builders: the IRO annual report, the CiCC summary and the officer's dashboard data."""
