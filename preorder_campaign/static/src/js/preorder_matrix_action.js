import { registry } from "@web/core/registry";
import { ProductMatrixDialog } from "@product_matrix/js/product_matrix_dialog";

/**
 * Odoo's variant matrix dialog for one product of a salesperson's order grid. The
 * dialog hands its changed cells to a record's `update`, as on a sale order; here
 * they go to the grid, which saves them through the pre-order in one save, and the
 * grid is shown again as stored.
 */
async function openPreorderMatrix(env, action) {
    const { grid_id, template_id, header, matrix } = action.params;
    const record = {
        async update({ grid }) {
            const { changes } = JSON.parse(grid);
            await env.services.orm.call("preorder.order.grid", "action_apply_matrix", [
                [grid_id],
                changes,
            ]);
            await env.services.action.doAction("soft_reload");
        },
    };
    env.services.dialog.add(ProductMatrixDialog, {
        header,
        rows: matrix,
        editedCellAttributes: "",
        product_template_id: template_id,
        record,
    });
}

registry.category("actions").add("preorder_campaign.open_matrix", openPreorderMatrix);
