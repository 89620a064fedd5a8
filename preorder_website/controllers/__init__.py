from . import main
from . import portal
from . import import_export
from . import service_worker
