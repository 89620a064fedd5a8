"""19.0.1.2.0: methods added to Odoo models take the ``_preorder_`` prefix first.
``sale.order._get_preorder_arrival_lines`` is now ``_preorder_get_arrival_lines``: the
arrival mail template (noupdate, maybe edited) and any template copied from it call it
in their body, in every language, so the call is renamed where it is written."""

OLD_CALL = "_get_preorder_arrival_lines("
NEW_CALL = "_preorder_get_arrival_lines("


def migrate(cr, version):
    cr.execute(
        """
        UPDATE mail_template
           SET body_html = replace(body_html::text, %s, %s)::jsonb
         WHERE body_html::text LIKE %s
        """,
        (OLD_CALL, NEW_CALL, f"%{OLD_CALL}%"),
    )
