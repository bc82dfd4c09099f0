"""Helpers for the Directory Service tests: an on-premises domain and directory calls."""
from awslab.services.ds import vpc_settings
from awslab.services.idp import CorporateDirectory, connect

PASSWORD = "Corp-Passw0rd!"
DNS = ["192.168.10.10", "192.168.10.11"]


def corp(lab, reachable=True):
    domain = CorporateDirectory("corp.example.com", tuple(DNS))
    domain.add_user("svc-adconnector", "Svc-Passw0rd!")
    domain.add_user("alice", "Alice-Passw0rd!", groups=["AWS-Prod-ReadOnly"])
    if reachable:
        connect(lab, domain)
    return domain


def simple_ad(lab, ds, size="Small", name="small.example.com"):
    return ds.create_directory(Name=name, Password=PASSWORD, Size=size,
                               VpcSettings=vpc_settings(lab))["DirectoryId"]


def managed_ad(lab, ds, name="aws.example.com"):
    return ds.create_microsoft_ad(Name=name, Password=PASSWORD, Edition="Standard",
                                  VpcSettings=vpc_settings(lab))["DirectoryId"]


def connector(lab, ds, user="svc-adconnector", dns=None):
    settings = {**vpc_settings(lab), "CustomerDnsIps": dns or DNS, "CustomerUserName": user}
    return ds.connect_directory(Name="corp.example.com", Password="Svc-Passw0rd!",
                                Size="Small", ConnectSettings=settings)["DirectoryId"]


def describe(ds, directory_id):
    return ds.describe_directories(DirectoryIds=[directory_id])["DirectoryDescriptions"][0]


def error_of(excinfo):
    err = excinfo.value.response["Error"]
    return err["Code"], err["Message"]
