from django.core.files.uploadedfile import SimpleUploadedFile

from estatedesk.documents.services import document_upload

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf_file(name: str = "contract.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload(record, actor, name: str = "contract.pdf", content: bytes = PDF, **kwargs):
    """A document stored through the service, as the web upload does."""
    return document_upload(
        record=record,
        actor=actor,
        file=SimpleUploadedFile(name, content),
        kind=kwargs.pop("kind", "contract"),
        **kwargs,
    )
