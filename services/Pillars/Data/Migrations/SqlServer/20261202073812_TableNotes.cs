using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanServices.Pillars.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TableNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TableNotes",
                table: "paper_versions",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "{}");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TableNotes",
                table: "paper_versions");
        }
    }
}
