from odoo import api, models


class PreorderCachedSetting(models.AbstractModel):
    """A campaign setting the campaign serves from a cache, because every save reads
    it (quantity rules, caps): any change of one clears the cache."""

    _name = "preorder.cached.setting"
    _description = "Pre-Order Setting Served from a Cache"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
