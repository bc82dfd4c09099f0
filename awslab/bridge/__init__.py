"""The boto3 bridge: real clients whose calls are answered in-process by the services.

``client.py`` hooks botocore like its Stubber does, ``dispatch.py`` runs one call
(authorise, answer, record), ``shapes.py`` applies the service model's constraints and
output shapes, ``registry.py`` maps operation names to handlers.
"""
