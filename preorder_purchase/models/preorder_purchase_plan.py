from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.orm.domains import DomainAnd, DomainCondition
from odoo.tools import SQL

from odoo.addons.preorder_campaign.core import purchase_advice

# The demand columns the priced plan reads once from the demand-only plan, with
# their SQL types (drop_date is read too, for the quotes, but not passed back).
DEMAND_COLUMNS = {
    "id": "int",
    "campaign_id": "int",
    "product_id": "int",
    "drop_id": "int",
    "confirmed_qty": "float8",
    "unconfirmed_qty": "float8",
    "total_qty": "float8",
    "sales_amount": "float8",
}
# The quote columns joined to the view, with their SQL types.
QUOTE_COLUMNS = {
    "id": "int",
    "vendor_id": "int",
    "supplierinfo_id": "int",
    "currency_id": "int",
    "delay": "int",
    "date_expected": "date",
    "vendor_product_code": "varchar",
    "price_unit": "float8",
    "next_break_qty": "float8",
    "next_break_missing_qty": "float8",
    "next_break_price": "float8",
    "next_break_saving": "float8",
    "below_vendor_minimum": "bool",
    "is_near_break": "bool",
}


class PreorderPurchasePlan(models.Model):
    """What the running campaigns need to buy: one row per campaign and product
    (and delivery drop, when the campaign purchases per drop).

    A live SQL view of the demand, so the list, pivot and graph can group by
    campaign, brand and category without any stored copy going stale. The vendor
    and its price are not decided here: the rows' quotes come from the core
    (``purchase_advice.select_vendor`` and ``vendor_quote`` on the rows of
    ``preorder.campaign._get_supplier_prices``, like the advice) and join the view
    as an array per column, so grouping and searching by vendor still work in SQL.
    """

    _name = "preorder.purchase.plan"
    _description = "Pre-Order Purchase Plan"
    _auto = False
    _order = "campaign_id desc, vendor_id, product_id"
    _rec_name = "product_id"
    # Flushed before the view is read, so figures include pending changes.
    _depends = {
        "preorder.campaign": ["state", "company_id", "purchase_split_by_drop"],
        "preorder.delivery.drop": ["date"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id", "product_brand_id", "uom_id", "purchase_ok"],
        "res.company": ["currency_id"],
        "sale.order": [
            "preorder_campaign_id",
            "preorder_drop_id",
            "preorder_shop_order_id",
            "state",
            "currency_rate",
        ],
        "sale.order.line": [
            "display_type",
            "price_subtotal",
            "order_id",
            "product_id",
            "product_uom_id",
            "product_uom_qty",
            "is_preorder_line",
        ],
        "uom.uom": ["factor"],
    }

    campaign_id = fields.Many2one(comodel_name="preorder.campaign", readonly=True)
    campaign_state = fields.Selection(
        selection=lambda self: self.env["preorder.campaign"]._fields["state"].selection,
        string="Campaign Status",
        readonly=True,
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    drop_id = fields.Many2one(
        comodel_name="preorder.delivery.drop",
        string="Drop",
        readonly=True,
        help="The delivery drop, when the campaign purchases per drop.",
    )
    drop_date = fields.Date(string="Drop Date", readonly=True)
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template", string="Product Template", readonly=True
    )
    categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", readonly=True
    )
    product_brand_id = fields.Many2one(comodel_name="product.brand", string="Brand", readonly=True)
    uom_id = fields.Many2one(comodel_name="uom.uom", string="Unit", readonly=True)
    confirmed_qty = fields.Float(
        string="Confirmed",
        digits="Product Unit",
        readonly=True,
        help="Quantity on confirmed pre-orders, in the product's unit.",
    )
    unconfirmed_qty = fields.Float(
        string="Not Confirmed",
        digits="Product Unit",
        readonly=True,
        help="Quantity on pre-orders that are not confirmed yet (draft or sent quotations).",
    )
    total_qty = fields.Float(string="Total", digits="Product Unit", readonly=True)
    company_currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    sales_amount = fields.Monetary(
        string="Pre-Ordered Amount",
        currency_field="company_currency_id",
        readonly=True,
        help="Untaxed amount of the pre-order lines after their discounts (tier and "
        "early-booking reward), in the company's currency.",
    )
    vendor_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    supplierinfo_id = fields.Many2one(
        comodel_name="product.supplierinfo",
        string="Vendor Price",
        readonly=True,
        groups="purchase.group_purchase_user",
    )
    vendor_product_code = fields.Char(readonly=True, groups="purchase.group_purchase_user")
    price_unit = fields.Float(
        string="Agreed Unit Price",
        digits="Product Price",
        readonly=True,
        aggregator="avg",
        groups="purchase.group_purchase_user",
        help="Net price per product unit from the vendor's price break reached by the "
        "total quantity.",
    )
    price_subtotal = fields.Monetary(
        string="Subtotal", readonly=True, groups="purchase.group_purchase_user"
    )
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    delay = fields.Integer(string="Lead Time", readonly=True, aggregator="max")
    date_expected = fields.Date(string="Expected Date", readonly=True)
    next_break_missing_qty = fields.Float(
        string="To Next Break",
        digits="Product Unit",
        readonly=True,
        help="Units the campaign still lacks to reach the vendor's next price break "
        "(or its minimum): worth pushing to the customers.",
    )
    next_break_qty = fields.Float(string="Next Break At", digits="Product Unit", readonly=True)
    next_break_price = fields.Float(
        string="Next Break Price",
        digits="Product Price",
        readonly=True,
        aggregator="avg",
        groups="purchase.group_purchase_user",
        help="Net price per product unit from the next price break.",
    )
    next_break_saving = fields.Monetary(
        string="Saving at Next Break",
        readonly=True,
        groups="purchase.group_purchase_user",
        help="What the whole quantity at the next break costs less than at the price reached now.",
    )
    below_vendor_minimum = fields.Boolean(
        readonly=True,
        help="The pre-orders do not reach the vendor's minimum: the advice buys the "
        "missing units anyway.",
    )
    is_near_break = fields.Boolean(
        string="Near a Price Break",
        readonly=True,
        help="The units missing are within the campaign's price break threshold.",
    )
    next_break_label = fields.Char(
        string="Next Break",
        compute="_compute_next_break_label",
        groups="purchase.group_purchase_user",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT demand.id,
                   demand.campaign_id,
                   campaign.state AS campaign_state,
                   campaign.company_id,
                   demand.product_id,
                   demand.drop_id,
                   delivery_drop.date AS drop_date,
                   product.product_tmpl_id,
                   template.categ_id,
                   template.product_brand_id,
                   template.uom_id,
                   demand.confirmed_qty,
                   demand.unconfirmed_qty,
                   demand.total_qty,
                   company.currency_id AS company_currency_id,
                   demand.sales_amount,
                   quote.vendor_id,
                   quote.supplierinfo_id,
                   quote.vendor_product_code,
                   quote.price_unit,
                   demand.total_qty * quote.price_unit AS price_subtotal,
                   COALESCE(quote.currency_id, company.currency_id) AS currency_id,
                   quote.delay,
                   quote.date_expected,
                   quote.next_break_qty,
                   quote.next_break_missing_qty,
                   quote.next_break_price,
                   quote.next_break_saving,
                   COALESCE(quote.below_vendor_minimum, FALSE) AS below_vendor_minimum,
                   COALESCE(quote.is_near_break, FALSE) AS is_near_break
              FROM (%(demand)s) demand
              JOIN preorder_campaign campaign ON campaign.id = demand.campaign_id
              JOIN res_company company ON company.id = campaign.company_id
              JOIN product_product product ON product.id = demand.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
         LEFT JOIN preorder_delivery_drop delivery_drop ON delivery_drop.id = demand.drop_id
         LEFT JOIN (%(quotes)s) quote ON quote.id = demand.id
            """,
            **self._demand_and_quote_tables(),
        )

    @api.depends("next_break_missing_qty", "next_break_saving", "below_vendor_minimum")
    def _compute_next_break_label(self):
        for row in self:
            row.next_break_label = row.campaign_id._get_price_break_label(
                row.next_break_missing_qty,
                row.next_break_saving,
                row.below_vendor_minimum,
                row.uom_id,
                row.currency_id,
            )

    @api.model
    def _search(self, domain, *args, **kwargs):
        # The priced plan quotes every demand row the user may see (see
        # _demand_and_quote_tables): a domain on campaigns, as the campaign's
        # buttons give, narrows that work to their rows.
        campaign_ids = self._domain_campaign_ids(domain)
        plan = self
        if campaign_ids is not None and "preorder_plan_campaign_ids" not in self.env.context:
            plan = self.with_context(preorder_plan_campaign_ids=campaign_ids)
        return super(PreorderPurchasePlan, plan)._search(domain, *args, **kwargs)

    @api.model
    def _domain_campaign_ids(self, domain):
        """The campaign ids a domain requires at its top level (``campaign_id``
        ``=`` or ``in`` ids, alone or and-ed), or None."""
        domain = Domain(domain)
        for condition in domain.children if isinstance(domain, DomainAnd) else (domain,):
            if (
                isinstance(condition, DomainCondition)
                and condition.field_expr == "campaign_id"
                and condition.operator in ("=", "in")
            ):
                value = condition.value
                ids = [value] if isinstance(value, int) else value
                # Optimized domains hold their ids in sets (OrderedSet).
                if isinstance(ids, Iterable) and not isinstance(ids, str):
                    ids = list(ids)
                    if all(isinstance(id_, int) for id_ in ids):
                        return ids
        return None

    @api.model
    def _demand_only(self, amounts=False):
        """The plan without its quotes (vendor and price columns are empty): what
        the advice reads, as it prices the demand itself; without `amounts`, the
        sales amount is not summed (0)."""
        return self.with_context(preorder_plan_demand_only=True, preorder_plan_amounts=amounts)

    @api.model
    def _demand_and_quote_tables(self):
        """The ``demand`` and ``quote`` tables of the view. The demand-only plan
        aggregates the pre-order lines (``_demand_query``) and has no quotes. The
        priced plan reads that aggregate once (the rows the user may see, of the
        domain's campaigns if it names them), quotes its rows with the core, and
        passes both back as arrays: one aggregate over the lines, not two."""
        if self.env.context.get("preorder_plan_demand_only"):
            return {"demand": self._demand_query(), "quotes": _unnest_table(QUOTE_COLUMNS, [])}
        rows = self._read_demand()
        quotes = self._get_quotes(rows)
        return {
            "demand": _unnest_table(DEMAND_COLUMNS, rows),
            "quotes": _unnest_table(
                QUOTE_COLUMNS,
                [{**quote, "id": row_id} for row_id, quote in quotes.items()],
            ),
        }

    @api.model
    def _read_demand(self):
        """The demand rows (dicts of DEMAND_COLUMNS and ``drop_date``) the user
        may see, of the campaigns in context if any, by drop date."""
        demand = self._demand_only(amounts=True)
        campaign_ids = self.env.context.get("preorder_plan_campaign_ids")
        query = demand._search(
            [] if campaign_ids is None else [("campaign_id", "in", campaign_ids)],
            order="drop_date, id",
        )
        names = [*DEMAND_COLUMNS, "drop_date"]
        return [
            dict(zip(names, row, strict=True))
            for row in self.env.execute_query(
                query.select(*(demand._field_to_sql(query.table, name, query) for name in names))
            )
        ]

    @api.model
    def _get_quotes(self, rows):
        """{demand row id: vendor, row and net price per product unit} for the
        total quantity of each of the demand `rows` (``_read_demand``), as the
        plan shows it: the vendor the core chooses for that quantity, at the price
        break it reaches before rounding; its next price break is the advice's
        (``core.rounded_purchase``: from the quantity rounded to the vendor's
        minimum and packs).

        Rows per drop are quoted for the campaign's total of their product (the
        vendor's breaks count the total); the product's next break shows on its
        first drop's row only, so that sums and the near-break list count it once,
        and a drop's expected date is its own date (or the lead time, if later)."""
        if not rows:
            return {}
        campaigns = self.env["preorder.campaign"].browse({row["campaign_id"] for row in rows})
        products = self.env["product.product"].browse({row["product_id"] for row in rows})
        prices, quotes = campaigns._get_supplier_prices(products)
        campaigns_by_id = {campaign.id: campaign for campaign in campaigns}
        companies = {campaign.id: campaign.company_id.id for campaign in campaigns}
        today = fields.Date.context_today(self)
        totals = defaultdict(float)
        for row in rows:
            totals[row["campaign_id"], row["product_id"]] += row["total_qty"]
        result = {}
        quoted = set()
        for row in rows:
            campaign_id, product_id = key = row["campaign_id"], row["product_id"]
            total_qty = totals[key]
            quote = self._get_quote(
                prices[product_id],
                product_id=product_id,
                quantity=total_qty,
                on_date=today,
                company_id=companies[campaign_id],
            )
            if quote:
                # The advice's figure: from the quantity rounded to the minimum and packs.
                purchase = purchase_advice.rounded_purchase(
                    prices[product_id],
                    product_id=product_id,
                    demand=total_qty,
                    on_date=today,
                    company_id=companies[campaign_id],
                )
                next_break = purchase.next_break if purchase and key not in quoted else None
                quoted.add(key)
                date_expected = today + timedelta(days=quote.delay)
                if row["drop_date"]:
                    date_expected = max(date_expected, row["drop_date"])
                result[row["id"]] = {
                    **quotes[quote.id],
                    "vendor_id": quote.vendor_id,
                    "price_unit": quote.price,
                    "date_expected": date_expected,
                    **campaigns_by_id[campaign_id]._prepare_price_break_values(next_break),
                }
        return result

    @api.model
    def _get_quote(self, prices, **kwargs):
        """The core's choice for a plan row: the vendor, then its price break."""
        chosen = purchase_advice.select_vendor(prices, **kwargs)
        if chosen is None:
            return None
        return purchase_advice.vendor_quote(prices, vendor_id=chosen.vendor_id, **kwargs)

    @api.model
    def _supplied_product_condition(self):
        """Which products of the lines the plan lists: those that can be purchased
        (``preorder_mrp`` adds those made in-house). It may use ``line_template``
        and ``line.product_id`` and ``line.company_id`` (the pre-order lines are
        summed per product and unit before it applies)."""
        return SQL("line_template.purchase_ok")

    @api.model
    def _demand_amount_sql(self):
        """The amount's parts of ``_demand_query``: summed per order rate (most
        orders share one) and divided once per group. The advice, which reads the
        demand only, does not sum it nor group by the rate."""
        if not self.env.context.get("preorder_plan_amounts", True):
            return {"amount": SQL("0"), "rate": SQL("1"), "rate_key": SQL("")}
        return {
            "amount": SQL("SUM(line.price_subtotal)"),
            "rate": SQL("sale.currency_rate"),
            "rate_key": SQL(", sale.currency_rate"),
        }

    @api.model
    def _demand_query(self):
        """Pre-ordered quantities per campaign and product (and drop, when the
        campaign purchases per drop), in the product's unit:
        confirmed orders apart from draft and sent quotations; cancelled orders do not
        count. Only pre-order lines (goods: no shipping, services, sections, notes or
        down payments) of products that can be supplied (``_supplied_product_condition``:
        purchased): the others are never bought.

        An own shop's pre-order holds the pieces its customers reserved in the shop
        (``sale.order.preorder_shop_order_id``): they count once, as the larger of the
        shop's quantity and the reserved one (reserved after the shop's last entry,
        they add what the shop's line lacks)."""
        return SQL(
            """
            SELECT MIN(demand_line.id) AS id,
                   demand_line.campaign_id,
                   demand_line.product_id,
                   %(drop)s AS drop_id,
                   SUM(CASE WHEN demand_line.confirmed THEN demand_line.value ELSE 0 END)
                       AS confirmed_qty,
                   SUM(CASE WHEN demand_line.confirmed THEN 0 ELSE demand_line.value END)
                       AS unconfirmed_qty,
                   SUM(demand_line.value) AS total_qty,
                   SUM(demand_line.amount) AS sales_amount
              FROM (
                    -- The lines summed per order state, drop, product and unit before
                    -- anything is joined to them: the joins and the unit conversion
                    -- then run over a few rows per product, not over every line. The
                    -- keys are cheap to hash (no text, the order rate only for amounts).
                    SELECT line.id,
                           line.campaign_id,
                           line.confirmed,
                           line.drop_id,
                           line.product_id,
                           line.qty * line_uom.factor / line_product_uom.factor AS value,
                           -- net of the line's discount, in the company's currency
                           line.amount / COALESCE(NULLIF(line.currency_rate, 0), 1) AS amount
                      FROM (
                            SELECT MIN(line.id) AS id,
                                   sale.preorder_campaign_id AS campaign_id,
                                   sale.state = 'sale' AS confirmed,
                                   sale.preorder_drop_id AS drop_id,
                                   sale.company_id,
                                   %(rate)s AS currency_rate,
                                   line.product_id,
                                   line.product_uom_id,
                                   SUM(line.product_uom_qty) AS qty,
                                   %(amount)s AS amount
                              FROM sale_order_line line
                              JOIN sale_order sale ON sale.id = line.order_id
                             WHERE sale.preorder_campaign_id IS NOT NULL
                               AND sale.state IN ('draft', 'sent', 'sale')
                               AND line.is_preorder_line
                          GROUP BY sale.preorder_campaign_id, sale.state = 'sale',
                                   sale.preorder_drop_id, sale.company_id, line.product_id,
                                   line.product_uom_id %(rate_key)s
                           ) line
                      %(joins)s
                     WHERE %(supplied)s
                 UNION ALL
                    -- Reserved beyond what the shop's pre-order holds. Two grouped
                    -- subqueries, no correlated one: a plan of the same cost as the
                    -- pre-orders' (a correlated one made PostgreSQL compile it: +1.5 s)
                    SELECT reserved.id,
                           shop.preorder_campaign_id,
                           shop.state = 'sale',
                           shop.preorder_drop_id,
                           reserved.product_id,
                           GREATEST(reserved.value - COALESCE(held.value, 0), 0),
                           -- the shop's customers pay the shop: no amount for the campaign
                           0
                      FROM (
                            SELECT MIN(line.id) AS id,
                                   sale.preorder_shop_order_id AS shop_id,
                                   line.product_id,
                                   SUM(%(qty)s) AS value
                              FROM sale_order sale
                              JOIN sale_order_line line ON line.order_id = sale.id
                              %(joins)s
                             WHERE sale.preorder_shop_order_id IS NOT NULL
                               AND sale.state IN ('draft', 'sent', 'sale')
                               AND line.display_type IS NULL
                               AND %(supplied)s
                          GROUP BY sale.preorder_shop_order_id, line.product_id
                           ) reserved
                      JOIN sale_order shop ON shop.id = reserved.shop_id
                 LEFT JOIN (
                            SELECT line.order_id AS shop_id,
                                   line.product_id,
                                   SUM(%(qty)s) AS value
                              FROM sale_order_line line
                              %(joins)s
                             WHERE line.is_preorder_line
                               AND line.order_id IN (
                                   SELECT preorder_shop_order_id
                                     FROM sale_order
                                    WHERE preorder_shop_order_id IS NOT NULL
                                   )
                          GROUP BY line.order_id, line.product_id
                           ) held
                        ON held.shop_id = shop.id AND held.product_id = reserved.product_id
                     WHERE shop.preorder_campaign_id IS NOT NULL
                       AND shop.state IN ('draft', 'sent', 'sale')
                   ) demand_line
              JOIN preorder_campaign demand_campaign
                   ON demand_campaign.id = demand_line.campaign_id
          GROUP BY demand_line.campaign_id, demand_line.product_id, %(drop)s
            """,
            drop=SQL(
                "CASE WHEN demand_campaign.purchase_split_by_drop THEN demand_line.drop_id END"
            ),
            supplied=self._supplied_product_condition(),
            **self._demand_amount_sql(),
            qty=SQL("line.product_uom_qty * line_uom.factor / line_product_uom.factor"),
            joins=SQL(
                """
                      JOIN product_product line_product ON line_product.id = line.product_id
                      JOIN product_template line_template
                           ON line_template.id = line_product.product_tmpl_id
                      JOIN uom_uom line_uom ON line_uom.id = line.product_uom_id
                      JOIN uom_uom line_product_uom ON line_product_uom.id = line_template.uom_id
                """
            ),
        )


def _unnest_table(columns, records):
    """A table of `records` (dicts) with `columns` ({name: SQL type}), as one
    array per column: ``SELECT * FROM unnest(...) AS t(columns)``."""
    return SQL(
        "SELECT * FROM unnest(%s) AS t(%s)",
        SQL(", ").join(
            SQL(
                "%s::%s[]",
                [None if record.get(name) is False else record.get(name) for record in records],
                SQL(sql_type),
            )
            for name, sql_type in columns.items()
        ),
        SQL(", ").join(SQL.identifier(name) for name in columns),
    )
