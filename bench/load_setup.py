"""The data and sessions of bench/load, run inside ``odoo shell`` (``env`` given).

Reads its sizes from the ``LOAD_PARAMS`` environment variable (JSON) and prints
one line ``LOADSETUP {json}``: the campaign, its products, and per simulated user
its session id, partner and products. Everything is created through the ORM in
batches, in one transaction:

- an open, published pre-order campaign of ``products`` goods with three
  discount tiers, its audience the bench's customers;
- ``customers`` portal users (each its own partner), invited to the campaign;
- ``reps`` internal users with Pre-Order User rights, each the salesperson of
  ``customers_per_rep`` of those customers (the rep's "own documents" rule
  then lets him change their pre-orders);
- ``shop_users`` portal users for Odoo's cart; the same goods are published
  on the website so that the shop sells them.

Sessions are written to Odoo's session store like ``HttpCase.authenticate``
does instead of signing in with a password: a password check costs 600,000
PBKDF2 rounds (over a second of CPU here), and 440 of them would take the
whole time budget of the run without measuring anything of ours or Odoo's.
"""

import json
import os

import odoo
from odoo import Command, fields
from odoo.service import security

params = json.loads(os.environ["LOAD_PARAMS"])
tag = params["tag"]
Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)  # noqa: F821 (odoo shell)
company = env.ref("base.main_company")  # noqa: F821
website = env["website"].search([("company_id", "=", company.id)], limit=1)  # noqa: F821
portal = env.ref("base.group_portal")  # noqa: F821

# Goods every customer may pre-order and every shop user may buy: one variant each.
products = (
    env["product.product"]  # noqa: F821
    .search(
        [
            ("sale_ok", "=", True),
            ("type", "=", "consu"),
            ("company_id", "in", [False, company.id]),
            ("list_price", ">", 0),
        ],
        order="id",
    )
    .filtered(lambda product: product.product_tmpl_id.product_variant_count == 1)[
        : params["products"]
    ]
)
if len(products) < params["products"]:
    raise SystemExit(f"only {len(products)} saleable goods, {params['products']} needed")
products.product_tmpl_id.write({"is_published": True, "website_id": False})


def portal_users(prefix, count):
    batch = [
        {
            "name": f"Load {prefix} {index:03d}",
            "login": f"{tag}_{prefix}_{index:03d}",
            "email": f"{tag}_{prefix}_{index:03d}@example.com",
            "group_ids": [Command.set(portal.ids)],
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
        }
        for index in range(count)
    ]
    return Users.create(batch)


customers = portal_users("customer", params["customers"])
shop_users = portal_users("shop", params["shop_users"])
customers.partner_id.write({"customer_rank": 1})
reps = Users.create(
    [
        {
            "name": f"Load rep {index:03d}",
            "login": f"{tag}_rep_{index:03d}",
            "email": f"{tag}_rep_{index:03d}@example.com",
            "group_ids": [
                Command.set(
                    [
                        env.ref("base.group_user").id,  # noqa: F821
                        env.ref("preorder_campaign.group_preorder_user").id,  # noqa: F821
                    ]
                )
            ],
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
        }
        for index in range(params["reps"])
    ]
)
rep_customers = {}
for index, rep in enumerate(reps):
    start = index * params["customers_per_rep"]
    mine = customers[start : start + params["customers_per_rep"]]
    mine.partner_id.write({"user_id": rep.id})
    rep_customers[rep.id] = mine.partner_id.ids

now = fields.Datetime.now()
campaign = env["preorder.campaign"].create(  # noqa: F821
    {
        "name": f"Load test {tag}",
        "code": f"LOAD-{tag}".upper(),
        "campaign_type": "preorder",
        "date_start": fields.Datetime.subtract(now, days=1),
        "date_end": fields.Datetime.add(now, days=10),
        "product_ids": [Command.set(products.ids)],
        "audience": "selected",
        "partner_ids": [Command.set(customers.partner_id.ids)],
        "allow_multiple_orders": False,
        "is_published": True,
        "company_id": company.id,
        "discount_rule_ids": [
            Command.create({"name": "Bronze", "min_amount": 1000, "discount_percent": 3}),
            Command.create({"name": "Silver", "min_amount": 2500, "discount_percent": 5}),
            Command.create({"name": "Gold", "min_amount": 5000, "discount_percent": 8}),
        ],
    }
)
campaign.action_open()
env.flush_all()  # noqa: F821

store = odoo.http.root.session_store


def new_session(user):
    session = store.new()
    session.update(odoo.http.get_default_session(), db=env.cr.dbname)  # noqa: F821
    user_env = env(user=user.id)  # noqa: F821
    session.uid = user.id
    session.login = user.login
    session.session_token = security.compute_session_token(session, user_env)
    session.context = dict(user_env["res.users"].context_get())
    store.save(session)
    return session.sid


result = {
    "campaign_id": campaign.id,
    "website_id": website.id,
    "session_dir": odoo.tools.config.session_dir,
    "products": [
        {"id": product.id, "template_id": product.product_tmpl_id.id} for product in products
    ],
    "customers": [
        {"login": user.login, "partner_id": user.partner_id.id, "sid": new_session(user)}
        for user in customers
    ],
    "reps": [
        {
            "login": user.login,
            "user_id": user.id,
            "customer_partner_ids": rep_customers[user.id],
            "sid": new_session(user),
        }
        for user in reps
    ],
    "shop_users": [
        {"login": user.login, "partner_id": user.partner_id.id, "sid": new_session(user)}
        for user in shop_users
    ],
}
env.cr.commit()  # noqa: F821
print("LOADSETUP " + json.dumps(result), flush=True)
