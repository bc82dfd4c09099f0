"""ELBv2 error codes (Query protocol; the model's ``...Exception`` shapes answer these codes)."""
from awslab.errors import error_class

DuplicateLoadBalancerName = error_class("DuplicateLoadBalancerName")
LoadBalancerNotFound = error_class("LoadBalancerNotFound",
                                   message="One or more load balancers not found")
ListenerNotFound = error_class("ListenerNotFound", message="One or more listeners not found")
TargetGroupNotFound = error_class("TargetGroupNotFound",
                                  message="One or more target groups not found")
DuplicateListener = error_class("DuplicateListener",
                                message="A listener already exists on this port for this "
                                        "load balancer")
DuplicateTargetGroupName = error_class("DuplicateTargetGroupName",
                                       message="A target group with the same name exists, "
                                               "but with different settings")
CertificateNotFound = error_class("CertificateNotFound")
InvalidConfigurationRequest = error_class("InvalidConfigurationRequest")
InvalidSecurityGroup = error_class("InvalidSecurityGroup")
SubnetNotFound = error_class("SubnetNotFound")
ResourceInUse = error_class("ResourceInUse")
UnsupportedProtocol = error_class("UnsupportedProtocol")
ValidationError = error_class("ValidationError")
