"""Python code bindings of a schema, as a zip (what GetCodeBindingSource returns).

datamodel-code-generator turns the schema's JSON Schema form into dataclasses
(``AWSEvent`` and the detail's classes); the zip has fixed timestamps, so the same schema
always gives the same bytes.
"""
from __future__ import annotations

import io
import json
import re
import warnings
import zipfile

LANGUAGES = ("Python36", "Java8", "TypeScript3", "Go1")
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def python_module(json_schema: dict) -> str:
    """Dataclasses for ``json_schema`` (deterministic: no timestamp in the header)."""
    from datamodel_code_generator import DataModelType, InputFileType, generate
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = generate(json.dumps(json_schema), input_file_type=InputFileType.JsonSchema,
                        output_model_type=DataModelType.DataclassesDataclass,
                        disable_timestamp=True, class_name="AWSEvent")
    return code.replace("#   filename:  <stdin>\n", "")


def package_path(schema_name: str) -> str:
    source, _, name = schema_name.partition("@")
    parts = [re.sub(r"\W", "_", p) for p in source.split(".")]
    return "/".join(["schema", *parts, re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()])


def python_zip(schema_name: str, json_schema: dict) -> bytes:
    """The code-binding zip: ``schema/<source>/<name>/__init__.py`` and ``models.py``."""
    base = package_path(schema_name)
    files = {f"{base}/__init__.py": "from .models import *  # noqa: F401,F403\n",
             f"{base}/models.py": python_module(json_schema)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in files.items():
            info = zipfile.ZipInfo(path, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return buffer.getvalue()
