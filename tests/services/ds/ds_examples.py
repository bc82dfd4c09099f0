"""One representative successful call per Directory Service operation."""
from ds_helpers import connector, corp, managed_ad, simple_ad, vpc_settings


def _trusting(lab):
    ds = lab.client("ds")
    corp(lab)
    directory = managed_ad(lab, ds)
    lab.advance(minutes=40)
    ds.create_trust(DirectoryId=directory, RemoteDomainName="corp.example.com",
                    TrustPassword="Trust-Passw0rd!", TrustDirection="Two-Way")
    return ds, directory


EXAMPLES = {"ds": {
    "CreateDirectory": lambda lab: lab.client("ds").create_directory(
        Name="small.example.com", Password="Corp-Passw0rd!", Size="Large",
        Description="lab", VpcSettings=vpc_settings(lab)),
    "CreateMicrosoftAD": lambda lab: lab.client("ds").create_microsoft_ad(
        Name="aws.example.com", Password="Corp-Passw0rd!", Edition="Enterprise",
        VpcSettings=vpc_settings(lab)),
    "ConnectDirectory": lambda lab: corp(lab) and lab.client("ds").connect_directory(
        Name="corp.example.com", Password="Svc-Passw0rd!", Size="Small",
        ConnectSettings={**vpc_settings(lab),
                         "CustomerDnsIps": ["192.168.10.10"],
                         "CustomerUserName": "svc-adconnector"}),
    "DescribeDirectories": lambda lab: (simple_ad(lab, lab.client("ds")), connector(
        lab, lab.client("ds")), lab.advance(minutes=15), lab.client("ds")
        .describe_directories())[-1],
    "DeleteDirectory": lambda lab: lab.client("ds").delete_directory(
        DirectoryId=simple_ad(lab, lab.client("ds"))),
    "CreateTrust": lambda lab: (lambda ds, d: ds.describe_trusts(DirectoryId=d) and
                                ds.create_trust(DirectoryId=d, RemoteDomainName="other.local",
                                                TrustPassword="p", TrustDirection=
                                                "One-Way: Outgoing"))(*_trusting(lab)),
    "DescribeTrusts": lambda lab: (lambda ds, d: (lab.advance(minutes=5),
                                                  ds.describe_trusts(DirectoryId=d))[1])(
        *_trusting(lab)),
}}
