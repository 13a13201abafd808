"""The portal's permission matrices (collected by the URL coverage check): each area keeps its
own in its test module, listed here."""

from .test_viewings_permissions import MATRICES as VIEWINGS_MATRICES

MATRICES = [*VIEWINGS_MATRICES]
