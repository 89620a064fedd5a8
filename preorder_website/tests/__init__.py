from . import test_website_pages
from . import test_website_save
from . import test_website_finalize
from . import test_website_rep
from . import test_website_security
from . import test_website_performance
from . import test_website_tours
from . import test_website_bench
