from . import test_preorder_bench
