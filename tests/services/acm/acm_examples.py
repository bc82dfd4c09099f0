"""One representative successful call per ACM operation."""


def _cert(lab):
    acm = lab.client("acm")
    arn = acm.request_certificate(DomainName="shop.example.com",
                                  ValidationMethod="DNS")["CertificateArn"]
    lab.advance(minutes=2)
    return acm, arn


EXAMPLES = {"acm": {
    "RequestCertificate": lambda lab: lab.client("acm").request_certificate(
        DomainName="shop.example.com", ValidationMethod="DNS",
        SubjectAlternativeNames=["www.shop.example.com"]),
    "DescribeCertificate": lambda lab: (lambda a, c: a.describe_certificate(
        CertificateArn=c))(*_cert(lab)),
    "ListCertificates": lambda lab: _cert(lab)[0].list_certificates(),
    "DeleteCertificate": lambda lab: (lambda a, c: a.delete_certificate(
        CertificateArn=c))(*_cert(lab)),
}}
