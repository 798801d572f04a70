"""The typed request and response models, generated from openapi.yaml.

Results of every method are these attrs classes; unknown response fields are kept in
each object's `additional_properties`. Use them for type hints or to build arguments.
Usage: `from mistral_client.models import ChatCompletionResponse`
"""

from mistral_generated.models import *  # noqa: F403
from mistral_generated.models import __all__ as __all__
from mistral_generated.types import UNSET as UNSET
from mistral_generated.types import Unset as Unset
